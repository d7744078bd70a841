// Test support (a local server speaking the OpenAI images API, PNG fixtures): filled in by its slice.
export {};
