export function isHealthy(view, id) {
    return view.get(id) ?? true;
}
//# sourceMappingURL=health-view.js.map