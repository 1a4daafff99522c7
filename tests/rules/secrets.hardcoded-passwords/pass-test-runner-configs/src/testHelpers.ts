export const loginAs = { user: "alice", password: "h3lperPass" };
