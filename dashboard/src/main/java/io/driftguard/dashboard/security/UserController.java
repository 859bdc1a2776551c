package io.driftguard.dashboard.security;

import java.util.List;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who is signed in (for the pages to show what the user may do) and, for Admin, all users. */
@RestController
class UserController {

    private static final String PREFIX = "ROLE_";

    private final Accounts accounts;

    UserController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/api/me")
    Me me(Authentication authentication) {
        List<String> held = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .toList();
        List<String> roles = java.util.Arrays.stream(Role.values())
                .filter(r -> held.contains(PREFIX + r.name()))
                .map(r -> r.name().toLowerCase(Locale.ROOT))
                .toList();
        return new Me(authentication.getName(), roles);
    }

    @GetMapping("/api/users")
    List<Accounts.Account> users() {
        return accounts.list();
    }

    /** @param roles every role held, lowest first: {@code [view, edit]} for an Edit user */
    record Me(String name, List<String> roles) {}
}
