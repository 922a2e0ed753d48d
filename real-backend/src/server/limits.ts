// Size and time limits of the agent's HTTP server and WebSocket (ARCHITECTURE.md: "Requests have size and time
// limits"). One table so that the numbers the agent enforces are the numbers `hello` announces.

export interface ServerLimits {
  /** Largest request body (any method, any path); more is refused with 413 and the connection closed. */
  maxBodyBytes: number;
  /** Largest request head (request line + headers); more is refused with 431 by Node's parser. */
  maxHeaderBytes: number;
  /** Time a client has to send the whole head; past it, 408. */
  headersTimeoutMs: number;
  /** Time a client has to send the whole request (head and body); past it, 408. */
  requestTimeoutMs: number;
  /** Largest WebSocket text frame; more closes the connection with 1009 (message too big). */
  maxMessageBytes: number;
  /** Unfinished jobs (running + waiting) per client. */
  maxQueuedJobs: number;
  /** Simultaneous WebSocket clients; one more is refused with 503 at the upgrade. */
  maxClients: number;
  /** A client that does not answer a WebSocket ping within this time is dropped (and its resources released). */
  heartbeatMs: number;
  /** After SIGTERM to a child a job spawned, SIGKILL follows if it is still alive after this. */
  killGraceMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 64 * 1024,
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxMessageBytes: 1024 * 1024,
  maxQueuedJobs: 16,
  maxClients: 8,
  heartbeatMs: 30_000,
  killGraceMs: 2_000,
};
