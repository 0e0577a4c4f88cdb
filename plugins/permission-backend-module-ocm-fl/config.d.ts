export interface Config {
  permission?: {
    /** The ocm-fl permission policy (@ocm-fl/backstage-plugin-permission-backend-module-ocm-fl). */
    ocmFl?: {
      /**
       * Who holds each role: entity refs of users or catalog groups, e.g.
       * group:default/ml-engineers. A user holds a group's roles when the group is among
       * their ownership entity refs (as sign-in resolves them from the catalog). Roles add up.
       */
      roles?: {
        /** See clusters, cluster sets, jobs and models. */
        viewers?: string[];
        /** Viewers' rights, and launch jobs, stop and delete the jobs they launched, download models. */
        launchers?: string[];
        /** Viewers' rights, and stop and delete any job. */
        operators?: string[];
        /** Every ocm-fl permission. */
        admins?: string[];
      };
      /**
       * Who is allowed the permissions of other plugins (catalog, scaffolder, ...):
       * `signed-in` (every signed-in user; the default) or `admins` (only the admins role).
       */
      otherPermissions?: 'signed-in' | 'admins';
    };
  };
}
