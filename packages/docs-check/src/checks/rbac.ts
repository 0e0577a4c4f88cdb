/** The backend's service account of the operating guide. */
const SERVICE_ACCOUNT = { namespace: 'ocm-fl', name: 'ocm-fl-backend' };

/** What RBAC authorizes: a verb on a resource of a group, in a namespace or cluster-wide. */
export interface RequestAttributes {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

/** The RBAC attributes of an API request, as the API server derives them (none for discovery). */
export function attributesOf(
  method: string,
  url: string,
  status: number,
): RequestAttributes[] {
  const { pathname, searchParams } = new URL(url, 'http://hub');
  const parts = pathname.split('/').filter(Boolean);
  let rest: string[];
  let group: string;
  if (parts[0] === 'api') [group, rest] = ['', parts.slice(2)];
  else if (parts[0] === 'apis') [group, rest] = [parts[1], parts.slice(3)];
  else return [];
  if (rest.length === 0) return [];
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name] = rest;
  const watching = ['true', '1'].includes(searchParams.get('watch') ?? '');
  const verbs: Record<string, string> = {
    GET: name ? 'get' : 'list',
    POST: 'create',
    PUT: 'update',
    PATCH: 'patch',
    DELETE: name ? 'delete' : 'deletecollection',
  };
  const verb = watching ? 'watch' : verbs[method];
  const attributes = [{ verb, group, resource, namespace, name }];
  // A server-side apply that creates the object is also authorized as create.
  if (method === 'PATCH' && status === 201)
    attributes.push({ verb: 'create', group, resource, namespace, name });
  return attributes;
}

export interface Grant {
  verb: string;
  group: string;
  resource: string;
  /** `*cluster*` for a ClusterRoleBinding, else the RoleBinding's namespace. */
  scope: string;
  from: string;
}

/** The grants that the manifests' bindings give the backend's service account. */
export function grantsOf(manifests: any[]): Grant[] {
  const roles = manifests.filter(
    m => m.kind === 'Role' || m.kind === 'ClusterRole',
  );
  return manifests
    .filter(m => m.kind === 'RoleBinding' || m.kind === 'ClusterRoleBinding')
    .filter(binding =>
      binding.subjects?.some(
        (s: any) =>
          s.kind === 'ServiceAccount' &&
          s.name === SERVICE_ACCOUNT.name &&
          s.namespace === SERVICE_ACCOUNT.namespace,
      ),
    )
    .flatMap(binding => {
      const scope =
        binding.kind === 'ClusterRoleBinding'
          ? '*cluster*'
          : binding.metadata.namespace;
      const role = roles.find(
        r =>
          r.kind === binding.roleRef.kind &&
          r.metadata.name === binding.roleRef.name &&
          (r.kind === 'ClusterRole' ||
            r.metadata.namespace === binding.metadata.namespace),
      );
      if (!role)
        throw new Error(
          `${binding.kind} ${binding.metadata.name} refers to no role`,
        );
      return (role.rules ?? []).flatMap((rule: any) =>
        rule.apiGroups.flatMap((group: string) =>
          rule.resources.flatMap((resource: string) =>
            rule.verbs.map((verb: string) => ({
              verb,
              group,
              resource,
              scope,
              from: `${role.kind} ${role.metadata.name}`,
            })),
          ),
        ),
      );
    });
}

export const allows = (grants: Grant[], a: RequestAttributes) =>
  grants.some(
    g =>
      g.verb === a.verb &&
      g.group === a.group &&
      g.resource === a.resource &&
      (g.scope === '*cluster*' || g.scope === a.namespace),
  );

export const describeRequest = (a: RequestAttributes) =>
  `${a.verb} ${a.resource}${a.group ? `.${a.group}` : ''} ${
    a.namespace ? `in ${a.namespace}` : 'cluster-wide'
  }`;
