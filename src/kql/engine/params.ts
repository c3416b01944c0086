// Operator parameters such as `kind=inner`, `withsource=Name`, `with_itemindex=i`.
import { nodeText } from './kinds.js';
import { listNodes } from './ktypes.js';

export function namedParameters(
  list: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.NamedParameter> | null,
): Map<string, { text: string; node: Kusto.Language.Syntax.NamedParameter }> {
  const map = new Map<string, { text: string; node: Kusto.Language.Syntax.NamedParameter }>();
  for (const parameter of listNodes(list)) {
    const name = parameter.Name?.SimpleName?.toLowerCase();
    const text = parameter.Expression ? nodeText(parameter.Expression) : '';
    if (name) map.set(name, { text: text.replace(/^['"]|['"]$/g, ''), node: parameter });
  }
  return map;
}
