import { Module } from '@nestjs/common';
import { DeadLetterProducer } from './dead-letter.producer';

@Module({
  providers: [DeadLetterProducer],
  exports: [DeadLetterProducer],
})
export class DeadLetterModule {}
