import { Module } from "@nestjs/common";
import { HealthController } from "./health/health.controller";
import { UsersController } from "./users/users.controller";

@Module({ controllers: [HealthController, UsersController] })
export class AppModule {}
