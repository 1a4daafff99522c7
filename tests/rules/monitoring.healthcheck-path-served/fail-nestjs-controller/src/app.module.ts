import { Module } from "@nestjs/common";
import { UsersController } from "./users/users.controller";

// the health controller is written but never registered: nothing serves it
@Module({ controllers: [UsersController] })
export class AppModule {}
