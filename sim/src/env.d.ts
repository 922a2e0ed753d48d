// The few web-platform globals sim/ may use. They exist in browsers, workers and Node alike;
// declaring them here (instead of pulling in the DOM lib or @types/node) keeps sim/ pure.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const performance: { now(): number };
