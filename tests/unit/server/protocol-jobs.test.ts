// The protocol's compile and load requests, the `go` message of step mode and the `pending` field of progress:
// accepted shapes are rebuilt exactly, everything else is refused with the job id and a message that says why.
import { describe, expect, it } from 'vitest';
import { COMPILE_MCPU, MAX_LOAD_OBJECT_BYTES, parseAgentMessage, parseClientMessage } from '@bpflc/sim';
import { MCPU_VALUES } from '../../../real-backend/src/toolchain/index.ts';

const req = (request: unknown) => JSON.stringify({ kind: 'request', id: 'j1', request });

describe('compile and load requests', () => {
  it('accepts them field by field', () => {
    const compile = { kind: 'compile', name: 'minimal', bpfSource: 'int x;', loaderSource: 'int main(){}', mcpu: 'v2' };
    expect(parseClientMessage(req(compile))).toEqual({ ok: true, value: { kind: 'request', id: 'j1', request: compile } });
    const load = { kind: 'load', example: 'raw-tp', logLevel: 2, step: true };
    expect(parseClientMessage(req(load))).toEqual({ ok: true, value: { kind: 'request', id: 'j1', request: load } });
    const bytes = { kind: 'load', objectBase64: Buffer.from('\x7fELF').toString('base64'), logLevel: 1, step: false };
    expect(parseClientMessage(req(bytes))).toEqual({ ok: true, value: { kind: 'request', id: 'j1', request: bytes } });
    expect(parseClientMessage('{"kind":"go","id":"j1","seq":0}')).toEqual({ ok: true, value: { kind: 'go', id: 'j1', seq: 0 } });
  });

  it('offers the toolchain\'s -mcpu values, no others', () => {
    expect(COMPILE_MCPU).toEqual(MCPU_VALUES);
  });

  it.each([
    [{ kind: 'compile', name: 'x', bpfSource: 's', flags: '-O0' }, 'unknown field(s) "flags"'],
    [{ kind: 'compile', name: 'x' }, '"bpfSource" must be a string'],
    [{ kind: 'compile', name: 1, bpfSource: 's' }, '"name" must be a string'],
    [{ kind: 'compile', name: 'x', bpfSource: 's', mcpu: 'v4' }, '"mcpu" must be one of v1, v2, v3'],
    [{ kind: 'load', logLevel: 1, step: false }, 'exactly one of "example"'],
    [{ kind: 'load', example: 'minimal', objectBase64: 'AAAA', logLevel: 1, step: false }, 'exactly one of "example"'],
    [{ kind: 'load', example: 'minimal/../x', logLevel: 1, step: false }, '"example" must be an example folder name'],
    [{ kind: 'load', example: 'minimal', logLevel: 3, step: false }, '"logLevel" must be 1 or 2'],
    [{ kind: 'load', example: 'minimal', logLevel: 1, step: 'yes' }, '"step" must be true or false'],
    [{ kind: 'load', objectBase64: 'not base64!', logLevel: 1, step: false }, 'standard base64'],
    [{ kind: 'load', objectBase64: 'A'.repeat((Math.ceil(MAX_LOAD_OBJECT_BYTES / 3) + 1) * 4), logLevel: 1, step: false }, `over the limit of ${MAX_LOAD_OBJECT_BYTES} bytes`],
  ])('%j is refused', (request, why) => {
    const r = parseClientMessage(req(request));
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_message', id: 'j1', message: expect.stringContaining(why) } });
  });

  it('refuses a go without a usable seq', () => {
    for (const text of ['{"kind":"go","id":"j1"}', '{"kind":"go","id":"j1","seq":-1}', '{"kind":"go","id":"j1","seq":1.5}', '{"kind":"go","seq":1}']) {
      expect(parseClientMessage(text)).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    }
  });
});

describe('progress with a pending call (agent → app)', () => {
  const pending = { seq: 4, stage: 'map_create', name: 'bpf', cmd: 'BPF_MAP_CREATE', args: { map_type: 'BPF_MAP_TYPE_ARRAY', value: '<4 bytes>' }, note: '.bss', calls: 1 };
  it('passes the app-side check when well formed, fails it otherwise', () => {
    const good = { kind: 'progress', id: 'j1', text: 'paused before bpf(BPF_MAP_CREATE)', stage: 'map_create', pending };
    expect(parseAgentMessage(JSON.stringify(good))).toEqual({ ok: true, value: good });
    for (const bad of [{ ...pending, seq: '4' }, { ...pending, stage: 'boot' }, { ...pending, args: [] }]) {
      expect(parseAgentMessage(JSON.stringify({ ...good, pending: bad }))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    }
  });
  it('accepts the new failure and error codes', () => {
    expect(parseAgentMessage('{"kind":"failed","id":"j1","code":"unavailable","message":"no CAP_BPF"}').ok).toBe(true);
    expect(parseAgentMessage('{"kind":"failed","id":"j1","code":"invalid_request","message":"bad name"}').ok).toBe(true);
    expect(parseAgentMessage('{"kind":"error","id":"j1","code":"not_paused","message":"job j1 is not paused"}').ok).toBe(true);
  });
});
