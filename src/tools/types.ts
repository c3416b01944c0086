// A tool is data (name, toolset, schemas, annotations) plus a run function and a text renderer.
import type { z } from 'zod';
import type { Backend } from '../backends/backend.js';
import type { Config } from '../config.js';
import type { TtlCache } from '../util/cache.js';
import type { Logger } from '../util/logger.js';
import type { Toolset } from './toolsets.js';

export interface ProgressReporter {
  /** Sends notifications/progress when the client gave a progress token; otherwise does nothing. */
  report(progress: number, total?: number, message?: string): Promise<void>;
}

export interface ToolContext {
  /** The workspace for this call (resolved per call: several workspaces may come later). */
  backend(): Promise<Backend>;
  config: Config;
  cache: TtlCache;
  logger: Logger;
  /** Aborted when the client cancels or the deadline passes. */
  signal: AbortSignal;
  /** Epoch milliseconds by which the call must finish. */
  deadline: number;
  progress: ProgressReporter;
}

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a tool list holds tools of every shape
export type AnyTool = ToolDefinition<any, any>;

export interface ToolDefinition<I extends z.ZodRawShape, O extends z.ZodRawShape> {
  name: string;
  title: string;
  /** What it does, when to use it, when not to (and what to use instead). */
  description: string;
  toolset: Toolset;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  /** Older names that still reach this tool. */
  aliases?: string[];
  run(ctx: ToolContext, args: z.output<z.ZodObject<I>>): Promise<z.output<z.ZodObject<O>>>;
  /** The compact text block for a model; defaults to key: value lines. */
  render?(result: z.output<z.ZodObject<O>>, args: z.output<z.ZodObject<I>>): string;
}

/** Identity function that gives a tool declaration its types. */
export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return tool;
}
