import { html } from '@mcdewey/pages';
import { layout, type PageContext } from './layout.js';

/**
 * The page a browser gets with 401 or 403: what happened and how to get in, either the sign-in
 * link of the server's sign-in method or how scripts and agents send an API token.
 */
export function signInPage(context: PageContext, status: 401 | 403, message: string, signIn: { href: string; label: string } | undefined): string {
  const heading = status === 401 ? 'Sign-in required' : 'Not allowed';
  const how = signIn
    ? html`<p><a href="${signIn.href}">${signIn.label}</a></p>`
    : html`<p>Scripts and agents send an API token: <code>Authorization: Bearer mcd_…</code>. Ask the server's operator for one (<code>mcdewey token create</code>).</p>`;
  return layout(context, { title: heading, section: 'other', body: html`<div class="notice notice-error" role="alert"><h1>${heading}</h1><p>${message}</p>${how}</div>` });
}
