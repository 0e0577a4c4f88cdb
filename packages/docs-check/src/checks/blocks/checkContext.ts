import type { ConfigSchema } from '@backstage/config-loader';
import { CodeBlock } from '../../markdown';
import { PageSession } from '../session';

/** What a check may need beyond the block: the page's session and shared, loaded state. */
export interface CheckContext {
  session: PageSession;
  /** The backend's whole configuration schema (every plugin's config.d.ts). */
  configSchema: () => Promise<ConfigSchema>;
  /** Ids of the scaffolder actions the module registers. */
  actionIds: string[];
}

export type Check = (block: CodeBlock, context: CheckContext) => Promise<void>;
