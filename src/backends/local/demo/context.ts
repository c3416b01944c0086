// What every table generator gets: the org, the story, the time window and its own random stream.
import type { DemoOrg } from './org.js';
import { Rng } from './random.js';
import type { DemoStory } from './story.js';
import type { TimeWindow } from './time.js';

export interface GenContext {
  org: DemoOrg;
  story: DemoStory;
  window: TimeWindow;
  /** The Log Analytics workspace id: the TenantId column of every table. */
  workspaceId: string;
  seed: number;
}

/** A random stream private to one generator, so adding rows to one table never shifts another. */
export function rngFor(ctx: GenContext, label: string): Rng {
  return Rng.derive(ctx.seed, label);
}
