import Redis from "ioredis";
import Redlock from "redlock";

// Redis names only the type of a property: tsc erases the import
export class LockService {
  private readonly redis: Redis;
  private redlock?: Redlock
  retries: number = 3;

  constructor(redis: Redis) {
    this.redis = redis;
    this.redlock = new Redlock([this.redis]);
  }
}
