// Layered settings and config validation first; planning and execution follow.
export {};
