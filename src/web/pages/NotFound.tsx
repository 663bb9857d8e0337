import { useTitle } from "../lib/title";

export const NotFound = () => {
  useTitle("페이지를 찾을 수 없음");
  return (
    <section class="narrow card">
      <h1>페이지를 찾을 수 없습니다</h1>
      <p>
        주소가 바뀌었거나 삭제된 페이지입니다. <a href="/">피드로 돌아가기</a>
      </p>
    </section>
  );
};
