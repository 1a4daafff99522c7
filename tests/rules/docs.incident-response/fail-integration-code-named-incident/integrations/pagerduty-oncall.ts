export function oncallSchedule() { return []; }
