// Trigger request validation.
export {};
