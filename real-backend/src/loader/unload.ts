// Releasing a load: close every fd it opened, newest first (programs before the maps and BTF they hold), each
// close recorded in stage `detach`. Nothing is pinned, so the last close frees the kernel objects.
import { close, type KernelSession } from '../kernel/index.ts';
import type { LoadedObject } from './types.ts';

/** Closes what `loaded` still holds; returns how many fds were closed. Safe to call twice. */
export function unload(s: KernelSession, loaded: Pick<LoadedObject, 'fds'>): number {
  let n = 0;
  for (const fd of [...loaded.fds].reverse()) {
    if (!s.fds.has(fd)) continue;
    close(s, fd, 'detach');
    n++;
  }
  loaded.fds.length = 0;
  return n;
}
