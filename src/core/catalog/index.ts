// The catalogs, one per framework.
import type { Framework } from '../report';
import type { Catalog } from './types';
import { pytorchCatalog } from './pytorch';
import { kerasCatalog } from './keras';
import { tfjsCatalog } from './tfjs';

export const catalogs: Record<Framework, Catalog> = {
  pytorch: pytorchCatalog,
  keras: kerasCatalog,
  tfjs: tfjsCatalog,
};

export * from './types';
export { evaluateLayer, isUnknown, unknown } from './values';
