import type { Provider } from '@nestjs/common';
import { systemResolver, type HostResolver } from './url-guard';

/** How outbound calls resolve host names: the system's resolver (tests may provide their own). */
export const HOST_RESOLVER = Symbol('HOST_RESOLVER');

export const hostResolverProvider: Provider<HostResolver> = {
  provide: HOST_RESOLVER,
  useValue: systemResolver,
};
