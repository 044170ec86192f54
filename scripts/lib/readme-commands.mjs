// The shell commands a Markdown file gives: lines of its shell code blocks and inline code that
// starts with a command, so a test can check that each one runs with only Node and npm.

const COMMAND = /^(npm|npx|pnpm|node|mcdewey|yarn)(\s|$)/;
const SHELL_FENCE = /^```(sh|bash|shell|console|)\s*$/;

/**
 * @typedef {object} ReadmeCommand
 * @property {string} command  the command, without a prompt or trailing comment
 * @property {number} line     1-based line in the file
 * @property {string} context  the paragraph (or code block) around it, for notes like "if you have pnpm"
 */

/**
 * Commands in `markdown`: each line of a shell (or unlabelled) fenced block, and each inline code
 * span that starts with npm, npx, pnpm, node, mcdewey or yarn.
 * @param {string} markdown
 * @returns {ReadmeCommand[]}
 */
export function readmeCommands(markdown) {
  const lines = markdown.split(/\r?\n/);
  const commands = [];
  const paragraphAround = (index) => {
    let start = index;
    let end = index;
    while (start > 0 && lines[start - 1].trim() !== '') start--;
    while (end < lines.length - 1 && lines[end + 1].trim() !== '') end++;
    return lines.slice(start, end + 1).join('\n');
  };
  let fence;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence !== undefined) {
      if (/^```\s*$/.test(line)) {
        fence = undefined;
        continue;
      }
      if (!fence.shell) continue;
      const command = line
        .replace(/^\s*\$\s+/, '')
        .replace(/\s+#.*$/, '')
        .trim();
      if (COMMAND.test(command)) commands.push({ command, line: i + 1, context: fence.context });
      continue;
    }
    if (line.startsWith('```')) {
      let end = i + 1;
      while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
      // A block's note is the paragraph just before it, or a comment inside it.
      const before = i > 0 && lines[i - 1].trim() !== '' ? paragraphAround(i - 1) : '';
      fence = { shell: SHELL_FENCE.test(line), context: [before, ...lines.slice(i + 1, end)].join('\n') };
      continue;
    }
    for (const match of line.matchAll(/`([^`]+)`/g)) {
      const command = match[1].trim();
      if (COMMAND.test(command)) commands.push({ command, line: i + 1, context: paragraphAround(i) });
    }
  }
  return commands;
}
