export default { get: (u) => fetch(u) };
