/// The version `playbook --version` prints.
public enum PlaybookVersion {
    public static let current = "0.1.0"
}
