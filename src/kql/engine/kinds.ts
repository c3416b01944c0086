// Syntax kind names, cached (System.Enum.toString is slow).
import { syntaxKindName } from '../kusto.js';

const names = new Map<number, string>();

export function kindOf(node: Kusto.Language.Syntax.SyntaxNode): string {
  const kind = node.Kind;
  let name = names.get(kind);
  if (name === undefined) {
    name = syntaxKindName(kind);
    names.set(kind, name);
  }
  return name;
}

/** Human-readable name of a syntax kind for messages: `MvApplyOperator` -> `mv-apply operator`. */
export function describeKind(node: Kusto.Language.Syntax.SyntaxNode): string {
  const kind = kindOf(node);
  const operator = /^(.*)Operator$/.exec(kind);
  if (operator) {
    const words = (operator[1] ?? '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
    return `the ${words} operator`;
  }
  return `the ${kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`;
}

/** The source text of a node, trimmed. */
export function nodeText(node: Kusto.Language.Syntax.SyntaxNode): string {
  return (node.ToString(0) ?? '').trim();
}
