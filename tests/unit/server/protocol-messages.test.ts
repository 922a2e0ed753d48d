// The protocol's parsers (sim/src/protocol): client frames are rebuilt field by field or refused with the right
// code; every agent message kind the agent can send passes the app-side check; broken ones do not.
import { describe, expect, it } from 'vitest';
import { AGENT_MESSAGE_KINDS, CLIENT_MESSAGE_KINDS, encodeMessage, parseAgentMessage, parseClientMessage, type AgentMessage } from '@bpflc/sim';

describe('parseClientMessage', () => {
  it('accepts each client kind and drops unknown fields', () => {
    const cases = [
      { kind: 'hello', protocol: 1, client: 'app 0.1.0' },
      { kind: 'ping' },
      { kind: 'ping', nonce: 'x' },
      { kind: 'request', id: 'r:1.a-b_c', request: { kind: 'status' } },
      { kind: 'request', id: 'p', request: { kind: 'probe' } },
      { kind: 'cancel', id: 'r:1.a-b_c' },
      { kind: 'go', id: 'r:1.a-b_c', seq: 3 },
    ];
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(CLIENT_MESSAGE_KINDS));
    for (const c of cases) expect(parseClientMessage(JSON.stringify(c))).toEqual({ ok: true, value: c });
    const extra = parseClientMessage('{"kind":"request","id":"r","request":{"kind":"status","x":1},"__proto__":{"admin":true},"y":2}');
    expect(extra).toEqual({ ok: true, value: { kind: 'request', id: 'r', request: { kind: 'status' } } });
  });

  it.each([
    ['', 'bad_json'],
    ['{"kind":"ping"', 'bad_json'],
    ['null', 'bad_message'],
    ['[]', 'bad_message'],
    ['{}', 'bad_message'],
    ['{"kind":"hello","protocol":"1"}', 'bad_message'],
    ['{"kind":"hello","protocol":1.5}', 'bad_message'],
    ['{"kind":"ping","nonce":5}', 'bad_message'],
    ['{"kind":"request","id":"","request":{"kind":"status"}}', 'bad_message'],
    [`{"kind":"request","id":"${'a'.repeat(65)}","request":{"kind":"status"}}`, 'bad_message'],
    ['{"kind":"request","id":"a/b","request":{"kind":"status"}}', 'bad_message'],
    ['{"kind":"request","id":"a","request":"status"}', 'bad_message'],
    ['{"kind":"request","id":"a","request":{"kind":"attach"}}', 'unknown_kind'],
    ['{"kind":"request","id":"a","request":{"kind":"load"}}', 'bad_message'],
    ['{"kind":"cancel"}', 'bad_message'],
    ['{"kind":"reboot"}', 'unknown_kind'],
  ])('%s → %s', (text, code) => {
    const r = parseClientMessage(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.length).toBeGreaterThan(10);
    }
  });

  it('keeps the job id on errors about a readable request', () => {
    expect(parseClientMessage('{"kind":"request","id":"j7","request":{"kind":"attach"}}')).toMatchObject({ ok: false, error: { code: 'unknown_kind', id: 'j7' } });
  });
});

describe('parseAgentMessage', () => {
  const status = {
    protocol: 1,
    agent: { version: '0.1.0', uid: 0 },
    kernel: '6.18.44',
    capabilities: [{ id: 'cap_bpf', ok: true, detail: 'has CAP_BPF' }],
    real: { available: true, reasons: [], limits: [], can: { load: true, attachTracepoint: true, kprobe: false } },
  };
  const all: AgentMessage[] = [
    { kind: 'hello', protocol: 1, status, limits: { maxMessageBytes: 1024, maxQueuedJobs: 4 } },
    { kind: 'error', code: 'bad_json', message: 'the frame is not JSON' },
    { kind: 'pong', nonce: 'n' },
    { kind: 'queued', id: 'a', position: 2 },
    { kind: 'started', id: 'a' },
    { kind: 'progress', id: 'a', text: 'loading', stage: 'prog_load', fraction: 0.5 },
    { kind: 'progress', id: 'a', text: 'printk', stage: 'run', printk: { comm: 'node', pid: 7, cpu: 1, ts: 12.5, msg: 'BPF triggered from PID 7.' } },
    { kind: 'progress', id: 'a', text: 'ringbuf', stage: 'run', record: { map: 'events', source: 'ringbuf', data: '0a0b' } },
    { kind: 'event', id: 'a', event: { seq: 0, stage: 'map_create', source: 'real', kind: 'syscall', name: 'bpf', cmd: 'BPF_MAP_CREATE', args: { map_type: 'BPF_MAP_TYPE_ARRAY' }, ret: 3 } },
    { kind: 'done', id: 'a', result: { kind: 'status', status } },
    { kind: 'failed', id: 'a', code: 'cancelled', message: 'cancelled by the client' },
  ];

  it('accepts every agent message kind', () => {
    expect(new Set(all.map((m) => m.kind))).toEqual(new Set(AGENT_MESSAGE_KINDS));
    for (const m of all) expect(parseAgentMessage(encodeMessage(m))).toEqual({ ok: true, value: m });
  });

  it.each([
    ['{"kind":"welcome"}', 'unknown_kind'],
    ['{"kind":"queued","id":"a"}', 'bad_message'],
    ['{"kind":"progress","id":"a","text":"x","stage":"boot"}', 'bad_message'],
    ['{"kind":"progress","id":"a","text":"x","printk":{"comm":"node","pid":"7"}}', 'bad_message'],
    ['{"kind":"progress","id":"a","text":"x","record":{"map":"m","source":"pipe","data":"00"}}', 'bad_message'],
    ['{"kind":"event","id":"a","event":{"seq":0}}', 'bad_message'],
    ['{"kind":"failed","id":"a","code":"oops","message":"m"}', 'bad_message'],
    ['{"kind":"done","id":"a","result":{"kind":"fly"}}', 'bad_message'],
  ])('%s → %s', (text, code) => {
    expect(parseAgentMessage(text)).toMatchObject({ ok: false, error: { code } });
  });
});
