export function selects(selector, lb) {
    if (selector.az !== undefined && selector.az !== lb.az)
        return false;
    if (selector.ids !== undefined && !selector.ids.includes(lb.id))
        return false;
    return true;
}
export function selectedLoadBalancers(fleet, endpoint) {
    return fleet.loadBalancers.filter((lb) => selects(endpoint.select, lb));
}
//# sourceMappingURL=fleet.js.map