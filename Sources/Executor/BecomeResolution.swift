import Modules
import PlaybookModel
import Templating
import Transport
import Values

/// Whether and how a task escalates privileges, with Ansible's precedence: task/block/play
/// keywords, then inventory variables (`ansible_become*`), then the command line.
enum BecomeResolution {
    static func resolve(keywords: InheritableKeywords, play: PlayContext, scope: VariableScope)
        throws(TemplateError) -> Become?
    {
        let options = play.run.options
        let inventoryBecome = try scope.resolve("ansible_become").map(VariableScope.truth)
        let enabled = try scope.bool(keywords.become ?? play.play.keywords.become, default: inventoryBecome ?? options.become)
        guard enabled else { return nil }
        let user = try first(
            scope.string(keywords.becomeUser ?? play.play.keywords.becomeUser),
            scope.resolve("ansible_become_user")?.renderedText) ?? options.becomeUser ?? "root"
        let methodText = try first(
            scope.string(keywords.becomeMethod ?? play.play.keywords.becomeMethod),
            scope.resolve("ansible_become_method")?.renderedText) ?? options.becomeMethod ?? "sudo"
        guard let method = Become.Method(rawValue: methodText) else {
            let mark = (keywords.becomeMethod ?? play.play.keywords.becomeMethod)?.mark
            throw TemplateError(kind: .typeError, diagnostic: .error(
                .badChoice, "become method '\(methodText)' is not supported", at: mark,
                hint: "use sudo or su"))
        }
        var password: Secret?
        if let text = try first(scope.resolve("ansible_become_password"), scope.resolve("ansible_become_pass")) {
            password = Secret(text.renderedText)
            play.run.addSecrets([text.renderedText])
        } else {
            password = options.becomePassword
        }
        return Become(method: method, user: user, password: password)
    }

    /// The first value that is set (both are computed; they are cheap lookups).
    private static func first<T>(_ a: T?, _ b: T?) -> T? { a ?? b }
}
