import { Module } from '@nestjs/common';
import { LiveStateModule } from '../live-state/live-state.module';
import { FleetFeedService } from './fleet-feed.service';
import { FleetMessagesConsumer } from './fleet-messages.consumer';

@Module({
  imports: [LiveStateModule],
  providers: [FleetFeedService, FleetMessagesConsumer],
  exports: [FleetMessagesConsumer],
})
export class FleetFeedModule {}
