/// <reference types="@kusto/language-service-next" />
// Loads Kusto.Language (the C# parser and binder compiled to JavaScript with Bridge.NET) lazily.
// The package is not a normal module: bridge.min.js must run first (it defines the `Bridge` and
// `System` globals), then Kusto.Language.Bridge.min.js defines the global `Kusto`.
import { createRequire } from 'node:module';

export type KustoLanguage = typeof Kusto.Language;

let loaded: KustoLanguage | undefined;

/** The Kusto.Language namespace, loaded on first use (about 150 ms), never at startup. */
export function kusto(): KustoLanguage {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    loaded = (globalThis as unknown as { Kusto: typeof Kusto }).Kusto.Language;
  }
  return loaded;
}

export function isKustoLoaded(): boolean {
  return loaded !== undefined;
}

/** Bridge.NET helpers (`Bridge.is`, enum names) once Kusto.Language is loaded. */
export function bridge(): typeof Bridge {
  kusto();
  return (globalThis as unknown as { Bridge: typeof Bridge }).Bridge;
}

/**
 * Iterates a .NET-style list (`Count` and `getItem(i)`), or a plain array: some static tables
 * (`Functions.All`, `Aggregates.All`) are JavaScript arrays at run time whatever their declared type.
 */
export function* items<T>(
  list: System.Collections.Generic.IReadOnlyList$1<T> | readonly T[] | null | undefined,
): Generator<T> {
  if (!list) return;
  if (Array.isArray(list)) {
    yield* list as readonly T[];
    return;
  }
  const dotnet = list as unknown as { Count: number; getItem(index: number): T };
  for (let i = 0; i < dotnet.Count; i++) yield dotnet.getItem(i);
}

/** The name of a SyntaxKind value, e.g. `WhereOperator`. */
export function syntaxKindName(kind: number): string {
  kusto();
  const sys = (globalThis as unknown as { System: { Enum: { toString(t: unknown, v: number): string } } })
    .System;
  return sys.Enum.toString(Kusto.Language.Syntax.SyntaxKind, kind);
}
