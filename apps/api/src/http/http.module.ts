/**
 * The REST transport's controllers. The service routes are here; resource controllers (the
 * /api/v1/ collections of REST_COLLECTIONS, tokens, audit) are added to RESOURCE_CONTROLLERS.
 * They inject what they need by token: @Inject(FABRIC_STORE), @Inject(METRICS), @Inject(LOGGER);
 * every route needs a bearer token unless marked @Public(), and @CurrentActor() gives the actor.
 */
import { Module, type Type } from '@nestjs/common';
import { ExplainController } from '../rest/explain.controller.js';
import { DhcpLeasesController } from '../rest/dhcp-leases.controller.js';
import { InspectController } from '../rest/inspect.controller.js';
import { ResourcesController } from '../rest/resources.controller.js';
import { AgentsController, AuditController, EventsController, TokensController } from '../rest/service-objects.controller.js';
import { WhoamiController } from '../rest/whoami.controller.js';
import { ServiceController } from './service.controller.js';

export const RESOURCE_CONTROLLERS: readonly Type[] = [TokensController, AuditController, AgentsController, EventsController, ResourcesController, WhoamiController, ExplainController, InspectController, DhcpLeasesController];

@Module({ controllers: [ServiceController, ...RESOURCE_CONTROLLERS] })
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is a decorated class
export class HttpModule {}
