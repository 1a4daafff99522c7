import Redis from "ioredis";
import Redlock from "redlock";

declare function InjectRedis(): PropertyDecorator;

// a decorated property: with emitDecoratorMetadata its type is emitted
// as a value (design:type), so ioredis is loaded at run time
export class LockService {
  @InjectRedis()
  private readonly redis: Redis;
  private redlock = new Redlock([]);
}
