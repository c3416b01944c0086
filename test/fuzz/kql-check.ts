// Checks, with Kusto.Language's own lexer and parser, that caller values inside a query built by
// the server stay literals: a value appears only inside one string literal (or as one whole
// identifier), never across token boundaries where it would add operators or statements.
import { kusto, syntaxKindName } from '../../src/kql/kusto.js';

export interface KqlToken {
  kind: string;
  text: string;
  start: number;
  end: number;
  /** The decoded value of a string literal token. */
  value?: string;
}

export function kqlTokens(query: string): KqlToken[] {
  const K = kusto();
  const code = K.KustoCode.Parse(query);
  const out: KqlToken[] = [];
  for (let token = code?.Syntax?.GetFirstToken() ?? null; token; token = token.GetNextToken()) {
    const text = token.Text ?? '';
    const kind = syntaxKindName(token.Kind);
    const entry: KqlToken = { kind, text, start: token.TextStart, end: token.TextStart + text.length };
    if (token.Kind === K.Syntax.SyntaxKind.StringLiteralToken) {
      entry.value = K.KustoFacts.GetStringLiteralValue(text) ?? '';
    }
    out.push(entry);
  }
  return out;
}

/** Syntax errors and the number of statements Kusto.Language sees. */
export function kqlShape(query: string): { errors: string[]; statements: number; kinds: string[] } {
  const K = kusto();
  const code = K.KustoCode.Parse(query);
  const errors: string[] = [];
  const diagnostics = code?.GetSyntaxDiagnostics();
  if (diagnostics) {
    for (let i = 0; i < diagnostics.Count; i++) {
      const d = diagnostics.getItem(i);
      if (d) errors.push(`${d.Code ?? ''} ${d.Message ?? ''}`);
    }
  }
  let statements = 0;
  if (code?.Syntax) {
    K.Syntax.SyntaxElement.WalkNodes(code.Syntax, (node: Kusto.Language.Syntax.SyntaxNode) => {
      if (
        node.Kind === K.Syntax.SyntaxKind.LetStatement ||
        node.Kind === K.Syntax.SyntaxKind.ExpressionStatement
      )
        statements++;
    });
  }
  return { errors, statements, kinds: kqlTokens(query).map((t) => t.kind) };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Problems with caller values in a query the server built, or [] when every occurrence of each
 * value (4+ characters with a character other than letters, digits, _ and space: shorter or plainer
 * values occur by chance) lies inside a single string literal token, and every value that needs
 * escaping is the decoded value of some literal if it is used at all.
 */
export function unquotedCallerValues(query: string, values: readonly string[]): string[] {
  const tokens = kqlTokens(query);
  const problems: string[] = [];
  for (const value of new Set(values)) {
    if (value.length < 4 || /^[A-Za-z0-9_ ]*$/.test(value)) continue;
    for (let at = query.indexOf(value); at >= 0; at = query.indexOf(value, at + 1)) {
      const end = at + value.length;
      const inside = tokens.find((t) => t.start <= at && end <= t.end);
      const ok =
        inside !== undefined &&
        (inside.kind === 'StringLiteralToken' || (inside.text === value && IDENTIFIER.test(value)));
      if (!ok) {
        problems.push(
          `caller value ${JSON.stringify(value.slice(0, 80))} at offset ${at} is not inside one literal`,
        );
        break;
      }
    }
  }
  return problems;
}

/** Whether Kusto.Language reads the name alone as a keyword or literal (`print`, `true`), not a name. */
export function isKqlKeyword(name: string): boolean {
  const first = kqlTokens(name)[0];
  return first !== undefined && first.kind !== 'IdentifierToken';
}
