import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import {
  NavContentBlueprint,
  NavContentNavItem,
} from '@backstage/plugin-app-react';
import { SidebarLogo } from './SidebarLogo';
import MenuIcon from '@material-ui/icons/Menu';
import { makeStyles } from '@material-ui/core';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';

const useStyles = makeStyles({
  // Long titles ("Federated Learning") wrap onto a second line instead of being cut.
  // Mui* class names stay stable in production builds, unlike the sidebar's own.
  wrappingLabel: {
    '& .MuiTypography-subtitle2': { whiteSpace: 'normal', lineHeight: 1.25 },
  },
});

function NavItem({ icon, href, title }: NavContentNavItem) {
  const classes = useStyles();
  return (
    <SidebarItem
      className={classes.wrappingLabel}
      icon={() => icon}
      to={href}
      text={title}
    />
  );
}

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      const nav = navItems.withComponent(NavItem);

      return (
        <Sidebar>
          <SidebarLogo />
          <SidebarDivider />
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            {nav.take('page:catalog')}
            {nav.take('page:ocm-fl')}
            {nav.take('page:scaffolder')}
            <SidebarDivider />
            <SidebarScrollWrapper>
              {nav.rest({ sortBy: 'title' })}
            </SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
          <SidebarDivider />
          <SidebarGroup
            label="Settings"
            icon={<UserSettingsSignInAvatar />}
            to="/settings"
          >
            {nav.take('page:user-settings')}
          </SidebarGroup>
        </Sidebar>
      );
    },
  },
});
