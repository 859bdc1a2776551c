package io.driftguard.dashboard.security;

import io.driftguard.dashboard.system.DriftguardProperties;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The configured users, checked once at start so a typo in a role fails the start, not a login. */
final class Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    /** Spring Security's encoded form: {@code {bcrypt}...}, {@code {noop}...}. */
    private static final Pattern ENCODED = Pattern.compile("^\\{[A-Za-z0-9_-]+}.*", Pattern.DOTALL);

    /** Name and role of one user, as the Admin user list shows it. */
    record Account(String name, String role) {}

    private final List<Account> accounts;
    private final List<UserDetails> users;

    Accounts(List<DriftguardProperties.User> configured) {
        List<Account> accounts = new ArrayList<>();
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> demo = new ArrayList<>();
        for (DriftguardProperties.User u : configured) {
            if (u.name() == null || u.name().isBlank()) {
                throw new IllegalArgumentException("a user in driftguard.users has no name");
            }
            if (!names.add(u.name())) {
                throw new IllegalArgumentException("user '" + u.name() + "' is configured twice in driftguard.users");
            }
            if (u.password() == null || u.password().isEmpty()) {
                throw new IllegalArgumentException("user '" + u.name() + "' has no password");
            }
            Role role = Role.parse(u.role(), u.name());
            String password = ENCODED.matcher(u.password()).matches() ? u.password() : "{noop}" + u.password();
            users.add(User.withUsername(u.name())
                    .password(password)
                    .roles(role.grantedRoles().toArray(String[]::new))
                    .build());
            accounts.add(new Account(u.name(), role.name().toLowerCase(Locale.ROOT)));
            if (u.password().equals(u.name()) || u.password().equals("{noop}" + u.name())) {
                demo.add(u.name() + "/" + u.name() + " (" + role.name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        if (users.isEmpty()) {
            LOG.warn("No users configured under driftguard.users: nobody can sign in");
        }
        if (!demo.isEmpty()) {
            String line = "Demo sign-ins whose password is the user name (set DRIFTGUARD_<NAME>_PASSWORD to change): "
                    + String.join(", ", demo);
            LOG.warn(line);
            System.out.println(line);
        }
        this.accounts = List.copyOf(accounts);
        this.users = List.copyOf(users);
    }

    List<Account> list() {
        return accounts;
    }

    InMemoryUserDetailsManager userDetailsService() {
        return new InMemoryUserDetailsManager(users);
    }
}
