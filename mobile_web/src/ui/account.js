// The account screens. routes: [pattern, name, render(parts)] for ui/routes.js.
export const routes = [];
