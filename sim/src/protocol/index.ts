// The agent protocol: message and status types shared by the app and the agent, and their parsers.
export * from './status.ts';
export * from './messages.ts';
export * from './parse.ts';
