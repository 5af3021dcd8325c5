import { Type } from 'typebox';
import type { AppContext, AppInstance } from '../app.ts';
import { readSetting } from './settings.ts';

export const PublicConfig = Type.Object({
  demo: Type.Boolean({ description: 'the data is the generated demo' }),
  baseMapUrl: Type.Union([Type.String(), Type.Null()]),
  version: Type.String(),
});

/** What the console needs before login. */
export function publicConfigRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/config', { schema: { tags: ['config'], response: { 200: PublicConfig } } }, async () => ({
    demo: (await readSetting<boolean>(ctx.db, 'demo')) === true,
    baseMapUrl: ctx.config.baseMapUrl ?? null,
    version: '0.1.0',
  }));
}
