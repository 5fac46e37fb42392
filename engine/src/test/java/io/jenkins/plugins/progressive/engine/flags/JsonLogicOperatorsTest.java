package io.jenkins.plugins.progressive.engine.flags;

import static io.jenkins.plugins.progressive.engine.flags.RuleFixture.canonical;
import static io.jenkins.plugins.progressive.engine.flags.RuleFixture.evaluate;
import static io.jenkins.plugins.progressive.engine.flags.RuleFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each JsonLogic operator flagd supports, with the coercions a flag author runs into. */
class JsonLogicOperatorsTest {

    @ParameterizedTest(name = "{0} with {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"if":[true,"yes","no"]}                     | {} | "yes"
            {"if":[false,"yes","no"]}                    | {} | "no"
            {"if":[false,"a",false,"b"]}                 | {} | null
            {"if":[false,"a",true,"b","c"]}              | {} | "b"
            {"if":[0,"a",[],"b","","c","else"]}          | {} | "else"
            {"if":["0","string zero is truthy","no"]}     | {} | "string zero is truthy"
            {"if":[]}                                    | {} | null
            {"if":["only"]}                              | {} | "only"
            {"?:":[true,1,2]}                            | {} | 1
            """)
    void conditionals(String rule, String data, String expected) {
        assertEvaluates(rule, data, expected);
    }

    @ParameterizedTest(name = "{0} with {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"==":[1,"1"]}                    | {}         | true
            {"==":[0,false]}                  | {}         | true
            {"==":["",0]}                     | {}         | true
            {"==":[1,1.0]}                    | {}         | true
            {"==":["a","a"]}                  | {}         | true
            {"==":["abc",true]}               | {}         | false
            {"==":[null,false]}               | {}         | false
            {"==":[null,null]}                | {}         | true
            {"==":[{"var":"gone"},null]}      | {}         | true
            {"==":[[1],[1]]}                  | {}         | false
            {"===":[1,"1"]}                   | {}         | false
            {"===":[1,1.0]}                   | {}         | true
            {"===":[true,1]}                  | {}         | false
            {"===":[null,null]}               | {}         | true
            {"===":[{"var":"plan"},"pro"]}    | {"plan":"pro"} | true
            {"!=":[1,"1"]}                    | {}         | false
            {"!=":["a","b"]}                  | {}         | true
            {"!==":[1,"1"]}                   | {}         | true
            {"!==":[2,2]}                     | {}         | false
            {"!":[[]]}                        | {}         | true
            {"!":[]}                          | {}         | true
            {"!":true}                        | {}         | false
            {"!":[0]}                         | {}         | true
            {"!":"a"}                         | {}         | false
            {"!!":["0"]}                      | {}         | true
            {"!!":[[]]}                       | {}         | false
            {"!!":[{"var":"x"}]}              | {"x":1}    | true
            {"!!":[{}]}                       | {}         | true
            """)
    void equalityAndNegation(String rule, String data, String expected) {
        assertEvaluates(rule, data, expected);
    }

    @ParameterizedTest(name = "{0} with {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"<":[1,2]}                       | {}          | true
            {"<":[2,1]}                       | {}          | false
            {"<":[1,2,3]}                     | {}          | true
            {"<":[1,1,3]}                     | {}          | false
            {"<":["10",9]}                    | {}          | false
            {"<":["9","10"]}                  | {}          | false
            {"<":["a","b"]}                   | {}          | true
            {"<":["abc",1]}                   | {}          | false
            {"<":[{"var":"age"},18]}          | {}          | true
            {"<":[{"var":"age"},18]}          | {"age":21}  | false
            {"<=":[1,1,3]}                    | {}          | true
            {"<=":[null,0]}                   | {}          | true
            {"<=":[2,1]}                      | {}          | false
            {">":[2,1]}                       | {}          | true
            {">":[3,2,1]}                     | {}          | true
            {">":[3,1,2]}                     | {}          | false
            {">":[true,0]}                    | {}          | true
            {">=":[2,2]}                      | {}          | true
            {">=":[3,3,4]}                    | {}          | false
            {">=":[1]}                        | {}          | false
            """)
    void comparisons(String rule, String data, String expected) {
        assertEvaluates(rule, data, expected);
    }

    @ParameterizedTest(name = "{0} with {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"in":["Spring","Springfield"]}           | {}   | true
            {"in":["x","abc"]}                        | {}   | false
            {"in":[1,"a1b"]}                          | {}   | true
            {"in":["b",["a","b"]]}                    | {}   | true
            {"in":[1,["1",2]]}                        | {}   | false
            {"in":[1,[1.0]]}                          | {}   | true
            {"in":[{"var":"gone"},"abc"]}             | {}   | false
            {"in":["a",{"var":"gone"}]}               | {}   | false
            {"in":[{"var":"country"},["DE","FR"]]}    | {"country":"FR"} | true
            {"and":[true,"a",3]}                      | {}   | 3
            {"and":[true,"",3]}                       | {}   | ""
            {"and":[]}                                | {}   | null
            {"or":[false,0,"a"]}                      | {}   | "a"
            {"or":[false,0]}                          | {}   | 0
            """)
    void membershipAndLogic(String rule, String data, String expected) {
        assertEvaluates(rule, data, expected);
    }

    @ParameterizedTest(name = "{0} with {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"var":"a.b"}                     | {"a":{"b":5}}         | 5
            {"var":["a.c","dflt"]}            | {"a":{"b":5}}         | "dflt"
            {"var":"list.1"}                  | {"list":[10,20]}      | 20
            {"var":"list.7"}                  | {"list":[10,20]}      | null
            {"var":"list.x"}                  | {"list":[10,20]}      | null
            {"var":"x"}                       | {"x":null}            | null
            {"var":["x",7]}                   | {"x":null}            | 7
            {"var":["x",7]}                   | {"x":false}           | false
            {"var":"a.b.c"}                   | {"a":"text"}          | null
            {"var":{"cat":["a",".b"]}}        | {"a":{"b":"dyn"}}     | "dyn"
            {"var":"targetingKey"}            | {}                    | "user-1"
            {"var":"targetingKey"}            | {"targetingKey":"x"}  | "user-1"
            {"var":"$flagd.flagKey"}          | {}                    | "flag"
            {"var":"$flagd.flagKey"}          | {"$flagd":{"flagKey":"forged"}} | "flag"
            {"var":"$flagd.timestamp"}        | {}                    | 1700000000
            {"var":"Email"}                   | {"email":"a@b"}       | null
            {"cat":["a",1,2.5,true,null]}     | {}                    | "a12.5true"
            {"cat":"x"}                       | {}                    | "x"
            {"cat":[]}                        | {}                    | ""
            {"cat":[" a ","b "]}              | {}                    | " a b "
            {"cat":[{"var":"$flagd.flagKey"},{"var":"email"}]} | {"email":"jo@x.io"} | "flagjo@x.io"
            {"missing":["a","b.c","d","e"]}   | {"a":1,"b":{"c":null},"d":""} | ["b.c","e"]
            {"missing":{"merge":[["a"],["z"]]}} | {"a":1}             | ["z"]
            {"missing_some":[1,["a","b"]]}    | {"a":1}               | []
            {"missing_some":[2,["a","b","c"]]} | {"a":1}              | ["b","c"]
            {"substr":["jsonlogic",4]}        | {}                    | "logic"
            {"substr":["jsonlogic",-5]}       | {}                    | "logic"
            {"substr":["jsonlogic",1,3]}      | {}                    | "son"
            {"substr":["jsonlogic",4,-2]}     | {}                    | "log"
            {"substr":["jsonlogic",1,-1]}     | {}                    | "sonlogi"
            {"merge":[[1,2],3,[4]]}           | {}                    | [1,2,3,4]
            {"log":"x"}                       | {}                    | "x"
            {"a":1,"b":2}                     | {}                    | {"a":1,"b":2}
            """)
    void dataAndStrings(String rule, String data, String expected) {
        assertEvaluates(rule, data, expected);
    }

    @ParameterizedTest(name = "{0} with {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"+":[1,"2",3.5]}                 | {}        | 6.5
            {"+":[]}                          | {}        | 0
            {"+":[{"var":"n"}]}               | {"n":"4"} | 4
            {"-":[5,2]}                       | {}        | 3
            {"-":[5]}                         | {}        | -5
            {"*":[2,"3",2]}                   | {}        | 12
            {"/":[7,2]}                       | {}        | 3.5
            {"/":[7]}                         | {}        | null
            {"%":[7,3]}                       | {}        | 1
            {"%":[-7,3]}                      | {}        | -1
            {"min":[3,1,2]}                   | {}        | 1
            {"max":[3,"7",2]}                 | {}        | 7
            {"max":[]}                        | {}        | null
            {"map":[{"var":"xs"},{"*":[{"var":""},2]}]}          | {"xs":[1,2]}   | [2,4]
            {"map":[{"var":"gone"},{"var":""}]}                  | {}             | []
            {"filter":[{"var":"xs"},{">":[{"var":""},1]}]}       | {"xs":[1,2,3]} | [2,3]
            {"reduce":[{"var":"xs"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]} | {"xs":[1,2,3]} | 6
            {"all":[[1,2],{">":[{"var":""},0]}]}                 | {}             | true
            {"all":[[],{">":[{"var":""},0]}]}                    | {}             | false
            {"some":[[1,2],{">":[{"var":""},1]}]}                | {}             | true
            {"some":[[1,2],{">":[{"var":""},5]}]}                | {}             | false
            {"none":[[1,2],{">":[{"var":""},5]}]}                | {}             | true
            """)
    void arithmeticAndArrays(String rule, String data, String expected) {
        assertEvaluates(rule, data, expected);
    }

    @Test
    void aNonNumericOperandMakesArithmeticNaNWhichIsFalsy() {
        Object sum = evaluate("{\"+\":[1,\"x\"]}", "{}");
        assertThat((Double) sum).isNaN();
        assertThat(Coercion.truthy(sum)).isFalse();
    }

    @Test
    void anEmptyVarPathReadsTheWholeDataIncludingWhatFlagdInjects() {
        Object whole = evaluate("{\"var\":\"\"}", "{\"plan\":\"pro\"}");
        assertThat(whole).isEqualTo(Map.of("plan", "pro", "targetingKey", "user-1",
                "$flagd", Map.of("flagKey", "flag", "timestamp", RuleFixture.TIMESTAMP)));
    }

    @Test
    void anUnknownOperatorIsRejectedWhenCompiled() {
        assertThatThrownBy(() -> RuleCompiler.compile(json("{\"if\":[{\"abs\":[-1]},\"a\",\"b\"]}")))
                .isInstanceOf(TargetingException.class).hasMessage("unknown operator 'abs'");
    }

    @Test
    void aVarPathThatIsNotTextFailsTheEvaluation() {
        assertThatThrownBy(() -> evaluate("{\"var\":[{\"merge\":[[\"a\"]]}]}", "{}"))
                .isInstanceOf(TargetingException.class).hasMessageContaining("var: the path must be");
    }

    @Test
    void onlyTheTakenBranchIsEvaluated() {
        // The else branch would fail; a lazy 'if' never reaches it.
        assertThat(evaluate("{\"if\":[true,\"ok\",{\"var\":[{\"merge\":[[\"a\"]]}]}]}", "{}")).isEqualTo("ok");
        assertThat(evaluate("{\"or\":[\"first\",{\"var\":[{\"merge\":[[\"a\"]]}]}]}", "{}")).isEqualTo("first");
    }

    private static void assertEvaluates(String rule, String data, String expected) {
        assertThat(canonical(evaluate(rule, data))).isEqualTo(canonical(json(expected)));
    }
}
