import Diagnostics
import Templating
import Testing
import Values

/// Errors must point at the user's source: the file, the line, the column of the expression,
/// with the full variable path and a suggestion where one helps.
struct TemplateErrorTests {
    let engine = TemplateEngine()

    private func renderError(_ text: String, file: String = "nginx.conf.j2", variables: Value = [:]) -> TemplateError? {
        do throws(TemplateError) {
            _ = try engine.renderTemplate(text, file: file, context: TemplateContext(variables))
            return nil
        } catch {
            return error
        }
    }

    @Test func undefinedDeepInATemplateNamesThePathAndLocation() throws {
        let template = """
            user nginx;
            {% for u in users %}
            server {
              {% if u.enabled %}
              listen {{ u.settings.port }};
              {% endif %}
            }
            {% endfor %}

            """
        let users: Value = ["users": [["enabled": true, "settings": ["prot": 80]]]]
        let error = try #require(renderError(template, variables: users))
        #expect(error.kind == .undefined(path: "u.settings.port"))
        #expect(error.diagnostic.message == "'u.settings.port' is undefined")
        #expect(error.diagnostic.hint == "'u.settings' has no key 'port'; did you mean 'prot'?")
        // `u` of `u.settings.port` on line 5: "  listen {{ u.settings.port }};"
        #expect(error.diagnostic.mark == Mark(file: "nginx.conf.j2", line: 5, column: 13))
    }

    @Test func undefinedInAnInlineStringIsPlacedAfterTheStringsMark() throws {
        let mark = Mark(file: "site.yml", line: 12, column: 15)
        do throws(TemplateError) {
            _ = try engine.render("/srv/{{ item.nmae }}/conf", at: mark, context: TemplateContext(["item": ["name": "a"]]))
            Issue.record("rendered an undefined attribute")
        } catch {
            #expect(error.kind == .undefined(path: "item.nmae"))
            #expect(error.diagnostic.mark == Mark(file: "site.yml", line: 12, column: 23))
            #expect(error.diagnostic.hint?.contains("did you mean 'name'?") == true)
            #expect(error.diagnostic.kind == .undefined)
        }
    }

    @Test func hostvarsPathIsNamedInFull() throws {
        let variables: Value = ["hostvars": ["web1": ["nginx": ["listen": 80]]]]
        do throws(TemplateError) {
            _ = try engine.render("{{ hostvars['web1'].nginx.port }}", at: Mark(file: "a.yml", line: 1, column: 1), context: TemplateContext(variables))
            Issue.record("rendered an undefined key")
        } catch {
            #expect(error.diagnostic.message == "'hostvars['web1'].nginx.port' is undefined")
        }
    }

    @Test func undefinedVariableSuggestsAKnownName() throws {
        do throws(TemplateError) {
            _ = try engine.evaluate("nginx_prot == 80", at: Mark(file: "a.yml", line: 3, column: 11), context: TemplateContext(["nginx_port": 80]))
            Issue.record("evaluated an undefined variable")
        } catch {
            #expect(error.kind == .undefined(path: "nginx_prot"))
            #expect(error.diagnostic.hint == "did you mean 'nginx_port'?")
            #expect(error.diagnostic.mark == Mark(file: "a.yml", line: 3, column: 11))
        }
    }

    @Test func filterTypoSuggestsTheFilter() throws {
        let mark = Mark(file: "site.yml", line: 7, column: 20)
        let diagnostic = try #require(engine.checkSyntax("{{ port | defualt(80) }}", at: mark))
        #expect(diagnostic.message == "no filter named 'defualt'")
        #expect(diagnostic.hint == "did you mean 'default'?")
        #expect(diagnostic.mark == Mark(file: "site.yml", line: 7, column: 30))
        do throws(TemplateError) {
            _ = try engine.render("{{ names | joni(',') }}", at: mark, context: TemplateContext())
            Issue.record("rendered an unknown filter")
        } catch {
            #expect(error.kind == .unknownFilter("joni"))
            #expect(error.diagnostic.hint == "did you mean 'join'?")
        }
    }

    @Test func testTypoSuggestsTheTest() throws {
        let diagnostic = try #require(engine.checkExpressionSyntax("result is sucess", at: Mark(file: "a.yml", line: 2, column: 9)))
        #expect(diagnostic.message == "no test named 'sucess'")
        #expect(diagnostic.hint == "did you mean 'success'?")
        #expect(diagnostic.mark?.column == 19)
    }

    @Test func syntaxErrorsCarryTheirLocation() throws {
        let missingEnd = try #require(renderError("a\nb\n  {% if x %}\nc\n"))
        #expect(missingEnd.kind == .syntax)
        #expect(missingEnd.diagnostic.message == "unexpected end of template; missing '{% endif %}'")
        #expect(missingEnd.diagnostic.mark == Mark(file: "nginx.conf.j2", line: 3, column: 3))

        let dangling = try #require(renderError("x\n{{ 1 + }}\n"))
        #expect(dangling.diagnostic.message == "expected an expression, found '}}'")
        #expect(dangling.diagnostic.mark == Mark(file: "nginx.conf.j2", line: 2, column: 8))

        let unknownTag = try #require(renderError("{% endfro %}"))
        #expect(unknownTag.diagnostic.message == "unknown tag 'endfro'")
        #expect(unknownTag.diagnostic.hint == "did you mean 'endfor'?")

        let unclosed = try #require(renderError("ok\n{{ name "))
        #expect(unclosed.diagnostic.message == "unexpected end of template; missing '}}'")
        #expect(unclosed.diagnostic.mark == Mark(file: "nginx.conf.j2", line: 2, column: 1))
    }

    @Test func checkSyntaxAcceptsGoodTemplatesAndPlainText() {
        let mark = Mark(file: "a.yml", line: 1, column: 1)
        #expect(engine.checkSyntax("plain", at: mark) == nil)
        #expect(engine.checkSyntax("{% for x in y %}{{ x | upper }}{% endfor %}", at: mark) == nil)
        #expect(engine.checkExpressionSyntax("x is defined and x | bool", at: mark) == nil)
        #expect(engine.checkExpressionSyntax("x ==", at: mark)?.kind == .syntax)
    }

    @Test func mandatoryUsesItsOwnMessage() throws {
        do throws(TemplateError) {
            _ = try engine.render("{{ db_password | mandatory }}", at: Mark(file: "a.yml", line: 4, column: 5), context: TemplateContext())
            Issue.record("rendered an undefined mandatory variable")
        } catch {
            #expect(error.diagnostic.message == "mandatory variable 'db_password' is not defined")
        }
    }

    @Test func limitsStopRunawayTemplates() throws {
        let small = TemplateEngine(limits: TemplateLimits(maxLoopIterations: 1000, maxRange: 50, maxOutput: 100))
        let mark = Mark(file: "a.yml", line: 1, column: 1)
        let nested = "{% for a in range(40) %}{% for b in range(40) %}{% endfor %}{% endfor %}"
        for (text, fragment) in [
            (nested, "1000 loop iterations"), ("{{ range(51) }}", "range() of 51 items"),
            ("{% for i in range(50) %}{{ 'abc' }}{% endfor %}", "exceeds 100 bytes"),
        ] {
            do throws(TemplateError) {
                _ = try small.render(text, at: mark, context: TemplateContext())
                Issue.record("no limit hit for \(text)")
            } catch {
                #expect(error.kind == .limit)
                #expect(error.diagnostic.message.contains(fragment), "\(error)")
            }
        }
        let deep = "{{ " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + " }}"
        #expect(engine.checkSyntax(deep, at: mark)?.kind == .limit)
        let deepNot = "{{ " + String(repeating: "not ", count: 5000) + "x }}"
        #expect(engine.checkSyntax(deepNot, at: mark)?.kind == .limit)
        let deepMinus = "{{ " + String(repeating: "-", count: 5000) + "1 }}"
        #expect(engine.checkSyntax(deepMinus, at: mark)?.kind == .limit)
    }
    @Test func lookupTypoSuggestsThePluginAndLocation() throws {
        let template = "a\nkey={{ lookup('fiel', 'x') }}\n"
        let error = try #require(renderError(template))
        #expect(error.kind == .unknownFilter("fiel"))
        #expect(error.diagnostic.hint == "did you mean 'file'?")
        // The call `lookup(` on line 2, after "key={{ ".
        #expect(error.diagnostic.mark?.file == "nginx.conf.j2")
        #expect(error.diagnostic.mark?.line == 2)
    }

    @Test func missingLookupFileNamesTheSearchedPathsAndLocation() throws {
        let template = "{% if true %}\n  {{ lookup('file', 'no-such-file.txt') }}\n{% endif %}\n"
        let error = try #require(renderError(template, variables: ["playbook_dir": "/nonexistent-playbook"]))
        #expect(error.kind == .filterError)
        #expect(error.diagnostic.message.contains("/nonexistent-playbook/files/no-such-file.txt"))
        #expect(error.diagnostic.message.contains("/nonexistent-playbook/no-such-file.txt"))
        #expect(error.diagnostic.mark?.line == 2)
    }

    @Test func badRegexNamesThePositionInThePattern() throws {
        let error = try #require(renderError("x\n{{ 'a' | regex_search('(?<=a+)b') }}"))
        #expect(error.kind == .filterError)
        #expect(error.diagnostic.message.contains("look-behind requires fixed-width pattern at position 0"))
        #expect(error.diagnostic.mark?.line == 2)
    }
}
