package nnc.compiler.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {
    private static final Span SPAN = Span.synthetic("test");
    private static final Type BATCH_2 = new Type(DType.F32, List.of(Dim.of("batch"), Dim.of(2)));

    private final GraphBuilder b = new GraphBuilder();
    private final Emit e = b.at(SPAN);

    @Test
    void identicalRequestsReturnTheSameNode() {
        Node x = e.input("x", BATCH_2);
        Node w = e.param("W", Type.of(DType.F32, 2, 8));
        Node first = e.matmul(x, w);
        assertThat(e.matmul(x, w)).isSameAs(first);
        assertThat(e.input("x", BATCH_2)).isSameAs(x);
        assertThat(e.matmul(x, e.param("V", Type.of(DType.F32, 2, 8)))).isNotSameAs(first);
        assertThat(b.size()).isEqualTo(5);
    }

    @Test
    void idsAreCreationOrderAndOperandsComeFirst() {
        Node x = e.input("x", BATCH_2);
        Node y = e.tanh(e.add(x, e.constant(1, DType.F32)));
        assertThat(y.id()).isGreaterThan(y.input(0).id());
        assertThat(b.get(y.id())).isSameAs(y);
    }

    @Test
    void typeRulesBroadcastAndReduce() {
        Node x = e.input("x", BATCH_2);
        Node bias = e.param("b", Type.of(DType.F32, 2));
        assertThat(e.add(x, bias).type()).isEqualTo(BATCH_2);
        assertThat(e.reduceSum(x, List.of(0)).type()).isEqualTo(Type.of(DType.F32, 2));
        assertThat(e.reduceSum(x, List.of(1, 0)).type()).isEqualTo(Type.scalar(DType.F32));
        assertThat(e.matmul(x, e.param("W", Type.of(DType.F32, 2, 3))).type())
                .isEqualTo(new Type(DType.F32, List.of(Dim.of("batch"), Dim.of(3))));
        assertThat(e.transpose(x, List.of(1, 0)).type().shape()).containsExactly(Dim.of(2), Dim.of("batch"));
        assertThat(e.reshape(x, List.of(Dim.of("batch"), Dim.of(1), Dim.of(2))).type().rank()).isEqualTo(3);
    }

    @Test
    void oneHotAndComparisonsTypes() {
        Node labels = e.target("y", new Type(DType.I32, List.of(Dim.of("batch"))));
        assertThat(e.oneHot(labels, 10, DType.F32).type())
                .isEqualTo(new Type(DType.F32, List.of(Dim.of("batch"), Dim.of(10))));
        Node x = e.input("x", BATCH_2);
        assertThat(e.gt(x, e.constant(0, DType.F32)).type()).isEqualTo(BATCH_2);
    }

    @Test
    void illTypedNodesAreRejectedWithTheirSpan() {
        Node x = e.input("x", BATCH_2);
        Node w = e.param("W", Type.of(DType.F32, 3, 4));
        assertThatThrownBy(() -> e.matmul(x, w)).isInstanceOf(IrException.class)
                .hasMessageContaining("<test>:1:1").hasMessageContaining("inner dimensions");
        assertThatThrownBy(() -> e.add(x, e.param("c", Type.of(DType.F32, 3))))
                .hasMessageContaining("cannot broadcast");
        assertThatThrownBy(() -> e.add(x, e.constant(1, DType.F64))).hasMessageContaining("dtypes differ");
        assertThatThrownBy(() -> e.reshape(x, List.of(Dim.of(4)))).hasMessageContaining("cannot reshape");
        assertThatThrownBy(() -> e.apply(Op.EXP, new Attr.Axis(0), x)).hasMessageContaining("takes attribute");
    }

    @Test
    void nodesOfAnotherBuilderAreRejected() {
        Node foreign = new GraphBuilder().at(SPAN).input("x", BATCH_2);
        e.input("z", BATCH_2);
        assertThatThrownBy(() -> e.exp(foreign)).hasMessageContaining("another builder");
    }

    @Test
    void graphListsReachableNodesAndPrints() {
        Node x = e.input("x", BATCH_2);
        Node w = e.param("W", Type.of(DType.F32, 2, 1));
        e.exp(x); // dead
        Node out = e.sigmoid(e.matmul(x, w));
        Node loss = e.reduceSum(out, List.of(0, 1));
        Graph g = Graph.of(b, List.of(x, w)).withOutput("out", out).withLoss(loss);
        assertThat(g.nodes()).containsExactly(x, w, out.input(0), out, loss);
        assertThat(IrPrinter.print(g, false)).isEqualTo("""
                %0 = input x : f32[batch, 2]
                %1 = param W : f32[2, 1]
                %3 = matmul %0, %1 : f32[batch, 1]
                %4 = sigmoid %3 : f32[batch, 1]
                %5 = reduce_sum %4 axes=[0,1] : f32[]
                input x = %0
                param W = %1
                output out = %4
                loss = %5
                """);
        assertThat(IrPrinter.line(out, true)).isEqualTo("%4 = sigmoid %3 : f32[batch, 1]  @ <test>:1:1");
        assertThat(g.withLoss(loss)).isEqualTo(g);
    }
}
