// The catalogs, one per framework.
import type { Framework } from '../report';
import type { Catalog } from './types';
import { pytorchCatalog } from './pytorch';
import { kerasCatalog } from './keras';
import { tfjsCatalog } from './tfjs';
import { einopsCatalog } from './einops';

export const catalogs: Record<Framework, Catalog> = {
  // einops.layers.torch's layers are modules of PyTorch models too.
  pytorch: { ...pytorchCatalog, ...einopsCatalog },
  keras: kerasCatalog,
  tfjs: tfjsCatalog,
};

export * from './types';
export { evaluateLayer, isUnknown, unknown } from './values';
