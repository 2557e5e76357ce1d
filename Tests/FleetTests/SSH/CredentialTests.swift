import Testing

import Fleet

@Suite("Credential references")
struct CredentialTests {
    @Test func listKeepsOrderAndAcceptsBothSeparators() throws {
        let list = try Credential.parseList(
            "key:/etc/ketnoi/ap_ed25519; agent |password-env:AP_PW;password-file:/run/pw"
        )

        #expect(list == [
            .keyFile(path: "/etc/ketnoi/ap_ed25519"), .agent,
            .passwordEnvironment(variable: "AP_PW"), .passwordFile(path: "/run/pw"),
        ])
        #expect(list.map(\.description) == [
            "key:/etc/ketnoi/ap_ed25519", "agent", "password-env:AP_PW", "password-file:/run/pw",
        ])
    }

    @Test(arguments: [
        ("", "no credentials given"),
        (" ; ", "no credentials given"),
        ("agent;;key:/k", "credential 2 is empty"),
        ("key:relative/key", "credential 1: the path must be absolute"),
        ("agent|password-file:", "credential 2: the path must be absolute"),
        ("password-env:1BAD", "credential 1: password-env needs a variable name made of "
            + "letters, digits and _ (not starting with a digit)"),
        ("password-env:", "credential 1: password-env needs a variable name made of "
            + "letters, digits and _ (not starting with a digit)"),
        ("agent;hunter2", "credential 2 is not one of key:/path, agent, password-env:VAR "
            + "or password-file:/path"),
        ("password:hunter2", "credential 1 is not one of key:/path, agent, password-env:VAR "
            + "or password-file:/path"),
    ])
    func badListsAreRefusedWithoutRepeatingTheText(text: String, message: String) {
        #expect(throws: CredentialError(message)) { try Credential.parseList(text) }
    }
}
