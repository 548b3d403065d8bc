// The catalogs, one per framework.
import type { Framework } from '../report';
import type { Catalog } from './types';
import { pytorchCatalog } from './pytorch';

export const catalogs: Record<Framework, Catalog> = {
  pytorch: pytorchCatalog,
  keras: {},
  tfjs: {},
};

export * from './types';
export { evaluateLayer, isUnknown, unknown } from './values';
