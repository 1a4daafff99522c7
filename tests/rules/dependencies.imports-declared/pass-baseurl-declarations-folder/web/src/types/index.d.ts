export interface Plan {
  name: string;
}
