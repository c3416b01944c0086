// A prompt is data (name, title, description, argument shape) plus a function that writes its text.
// Arguments are strings on the wire; their zod shape gives the SDK the descriptions, the required
// flags and (through completable()) the completions. The text names real tools and resources only.
import type { McpServer, PromptCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Backend } from '../backends/backend.js';
import { ToolError } from '../util/errors.js';

export interface PromptEnv {
  /** The workspace; opened on first use (completion and prompts/get may open it). */
  backend(): Promise<Backend>;
}

/** Prompt arguments are strings (or absent when optional). */
export type PromptShape = Record<string, z.ZodType<string | undefined>>;
export type PromptArgs<S extends PromptShape> = { [K in keyof S]: z.output<S[K]> };

export interface PromptSpec<S extends PromptShape> {
  name: string;
  title: string;
  /** What the prompt does and when to use it (shown in prompts/list). */
  description: string;
  /** The argument shape; completers may read the workspace through env. */
  args(env: PromptEnv): S;
  /** The text of the prompt's one user message; throws invalid() for a bad argument. */
  render(args: PromptArgs<S>, env: PromptEnv): Promise<string> | string;
}

export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  register(server: McpServer, env: PromptEnv): void;
}

/** The InvalidParams error of a bad argument: names the prompt, the argument and what is wrong. */
export function invalid(prompt: string, arg: string, message: string): McpError {
  return new McpError(ErrorCode.InvalidParams, `Invalid arguments for prompt ${prompt}: ${arg}: ${message}`);
}

/** Gives a prompt declaration its types and a register function that keeps them. */
export function definePrompt<S extends PromptShape>(spec: PromptSpec<S>): PromptDefinition {
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    register(server, env) {
      const shape = spec.args(env);
      const callback = async (args: PromptArgs<S>): Promise<GetPromptResult> => {
        let text: string;
        try {
          text = await spec.render(args, env);
        } catch (error) {
          if (error instanceof McpError) throw error;
          if (error instanceof ToolError && error.code === 'INVALID_ARGUMENT') {
            throw new McpError(
              ErrorCode.InvalidParams,
              `Invalid arguments for prompt ${spec.name}: ${error.message}`,
            );
          }
          const message = error instanceof Error ? error.message : String(error);
          throw new McpError(ErrorCode.InternalError, `Prompt ${spec.name} failed: ${message}`);
        }
        return {
          description: spec.description,
          messages: [{ role: 'user', content: { type: 'text', text } }],
        };
      };
      server.registerPrompt(
        spec.name,
        { title: spec.title, description: spec.description, argsSchema: shape },
        // The SDK parses the arguments with `shape` first: they have the shape's output type.
        callback as unknown as PromptCallback<S>,
      );
    },
  };
}
