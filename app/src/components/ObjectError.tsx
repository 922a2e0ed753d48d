// The error panel for an object that could not be fetched or read (an ElfError carries its byte offset).
import type { ObjectReply } from '../hooks/use-object.ts';
import { ErrorPanel } from './Status.tsx';

export function ObjectError({ reply, file }: { reply: Exclude<ObjectReply, { kind: 'ok' }>; file: string }) {
  if (reply.kind === 'fetch-error') return <ErrorPanel title={`Could not load ${file}`} message={reply.message} />;
  return (
    <ErrorPanel title={`${file} is not a readable eBPF object`} message={reply.error.message} offset={reply.error.offset}>
      <p className="mono small">file: {reply.fileLine}</p>
    </ErrorPanel>
  );
}
