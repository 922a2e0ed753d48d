// Where the page learns the agent's token: the <meta name="bpflc-token"> the agent puts into index.html when the
// page URL carried ?token= (see real-backend/src/server/serve.ts), kept in sessionStorage so a reload (whose URL
// may no longer carry it) still finds it. No meta and nothing stored: no agent (a static host, or no token).
import { TOKEN_META_NAME } from '@bpflc/sim';

const KEY = 'bpflc-token';

export function agentToken(): string | null {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META_NAME}"]`)?.content ?? '';
  try {
    if (meta !== '') {
      sessionStorage.setItem(KEY, meta);
      return meta;
    }
    return sessionStorage.getItem(KEY);
  } catch {
    // Storage refused (privacy mode): the meta alone still works for this page.
    return meta !== '' ? meta : null;
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    /* nothing stored */
  }
}
