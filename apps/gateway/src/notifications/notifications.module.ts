import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { NotificationsController } from './notifications.controller';

/** In-app notifications, notification preferences and push subscriptions: routes to notifications. */
@Module({ imports: [RoutingModule], controllers: [NotificationsController] })
export class NotificationsModule {}
