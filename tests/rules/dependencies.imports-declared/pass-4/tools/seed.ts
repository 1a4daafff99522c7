// a one-off tool nothing deployed imports
import { faker } from "@faker-js/faker";
console.log(faker.person.fullName());
