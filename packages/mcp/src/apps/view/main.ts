/**
 * The chunk card MCP App (browser entry, bundled into the `ui://` resource's HTML). It receives the
 * result of `get_chunk` or `search_docs` from the host (`ui/notifications/tool-result`) through the
 * ext-apps `App` and renders the card. For a search result it shows the top hit's snippet at once,
 * then asks the server (through the host) for the whole chunk with `get_chunk`.
 */
// The prebuilt bundle of the App with its dependencies (zod, the SDK's protocol) is smaller than bundling them here.
import { App, applyDocumentTheme, applyHostStyleVariables } from '@modelcontextprotocol/ext-apps/app-with-deps';
import { cardFromToolResult, type CardData } from './card-data.js';
import { renderCard, renderMessage } from './render.js';

/** What the server writes into the page: `<script type="application/json" id="mcdewey-card-config">`. */
interface ViewConfig {
  publicUrl?: string;
}

function readConfig(): ViewConfig {
  try {
    const parsed: unknown = JSON.parse(document.getElementById('mcdewey-card-config')?.textContent ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as ViewConfig) : {};
  } catch {
    return {};
  }
}

const config = readConfig();
const root = document.getElementById('card-root')!;
const app = new App({ name: 'McDewey chunk card', version: '1.0.0' }, {}, { autoResize: true });

function applyHostContext(context: ReturnType<App['getHostContext']>): void {
  if (context?.theme) applyDocumentTheme(context.theme);
  if (context?.styles?.variables) applyHostStyleVariables(context.styles.variables);
}

function show(card: CardData): void {
  renderCard(root, card, {
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    onOpenLink: (url) => {
      app.openLink({ url }).catch(() => window.open(url, '_blank', 'noopener'));
    },
  });
}

/** The whole chunk of a search hit, from `get_chunk` through the host; the snippet stays if that fails. */
async function showWholeChunk(card: CardData): Promise<void> {
  if (!app.getHostCapabilities()?.serverTools) return;
  try {
    const result = await app.callServerTool({ name: 'get_chunk', arguments: { chunk_id: card.chunkId, context: 0 } });
    const whole = cardFromToolResult(result);
    if (whole && whole.chunkId === card.chunkId) show(whole);
  } catch {
    // The snippet already shown is still right; nothing to add.
  }
}

app.ontoolresult = (result) => {
  const card = cardFromToolResult(result);
  if (!card) {
    renderMessage(root, 'No chunk to show.');
    return;
  }
  show(card);
  if (card.snippet) void showWholeChunk(card);
};
app.onhostcontextchanged = (context) => applyHostContext(context);

renderMessage(root, 'Loading the chunk…');
app
  .connect()
  .then(() => applyHostContext(app.getHostContext()))
  .catch(() => renderMessage(root, 'This view needs a chat client that supports MCP Apps.'));
