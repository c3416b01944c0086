// docs/tools.md, generated from the registry (npm run docs); a test fails when it is stale.
import { z } from 'zod';
import { TOOLSETS } from './toolsets.js';
import type { AnyTool } from './types.js';

interface JsonProperty {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  default?: unknown;
}

function typeText(p: JsonProperty): string {
  if (p.enum) return p.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (Array.isArray(p.type)) return p.type.join(' \\| ');
  return p.type ?? 'any';
}

function parametersTable(tool: AnyTool): string[] {
  const schema = z.toJSONSchema(z.object(tool.input), { unrepresentable: 'any', io: 'input' }) as {
    properties?: Record<string, JsonProperty>;
    required?: string[];
  };
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return ['No parameters.'];
  const required = new Set(schema.required ?? []);
  const rows = ['| parameter | type | required | description |', '|---|---|---|---|'];
  for (const [name, p] of entries) {
    const def = p.default !== undefined ? ` Default: \`${JSON.stringify(p.default)}\`.` : '';
    const description = `${(p.description ?? '').replace(/\|/g, '\\|')}${def}`;
    rows.push(`| \`${name}\` | ${typeText(p)} | ${required.has(name) ? 'yes' : 'no'} | ${description} |`);
  }
  return rows;
}

function annotationsText(tool: AnyTool): string {
  const a = tool.annotations;
  const flags = [a.readOnlyHint ? 'read-only' : 'writes'];
  if (a.destructiveHint) flags.push('destructive');
  if (a.idempotentHint) flags.push('idempotent');
  if (a.openWorldHint) flags.push('open world');
  return flags.join(', ');
}

export function toolsMarkdown(tools: readonly AnyTool[]): string {
  const out = [
    '# Tools',
    '',
    'Generated from the tool registry by `npm run docs`; do not edit by hand.',
    '',
    `${tools.length} tools. Enable a subset with \`--toolsets\`; write tools appear only with \`--enable-writes\`.`,
    '',
  ];
  for (const toolset of TOOLSETS) {
    const inSet = tools.filter((t) => t.toolset === toolset);
    if (inSet.length === 0) continue;
    out.push(`## ${toolset}`, '');
    for (const tool of inSet) {
      out.push(
        `### \`${tool.name}\`: ${tool.title}`,
        '',
        tool.description,
        '',
        `*${annotationsText(tool)}*`,
        '',
      );
      out.push(...parametersTable(tool), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
